"""The review app: lawyers confirm and correct draft records in the browser."""
