"""The public portal's pages (no login): home and lists (``pages``), the story page
(``stories``), search (``search``), feeds, sitemap, robots.txt, embeds and photos (``files``)."""
