"""The public careers site: the list of open postings, a page per posting with its apply
form (CV checked by content, typed answers, consent), the size-limited apply POST with
its rate limit, and the thank-you page. Applying itself is `pipelines.applying`. Owns no
tables."""
