"""Security proof (issue: security proof): access by method, hostile input, XSS, CSRF, headers and sessions in production, authentication, dependencies. See SECURITY.md."""
