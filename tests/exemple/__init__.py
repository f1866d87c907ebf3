"""A test-only content model: exercises the encrypted field and the content selector."""
