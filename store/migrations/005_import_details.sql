-- What an import did beyond row counts, in words (e.g. "12 nye saker, 40 oppdaterte").
ALTER TABLE imports ADD COLUMN details VARCHAR;
