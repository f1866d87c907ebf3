"""The convention's pages: preparation and signature by the provider, the beneficiary's
signature in the portal, the employer's or funder's single-use link."""
