-- One definition of how a source category is compared with the category map:
-- lower case, trimmed, runs of white space as one space.
CREATE MACRO category_key(k) AS lower(trim(regexp_replace(k, '\s+', ' ', 'g')));
