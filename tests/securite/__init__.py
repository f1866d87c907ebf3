"""Security proof (issue: security proof).

Access by method, hostile input, XSS, CSRF, headers and sessions in production,
authentication, dependencies. See SECURITY.md.
"""
