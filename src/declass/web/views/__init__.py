"""One module per page kind; `api` holds the JSON twins of the pages."""
