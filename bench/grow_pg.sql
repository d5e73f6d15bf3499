-- Grows a generated PostgreSQL data set to 1M by copying generated stories (new ids, new slugs, 600,000 minutes
-- older), with their bylines, topics, sources and search documents: the Python generator could not finish 1M on
-- the shared machine in time.
-- The numbers are those of the recorded run (566,043 generated, ids up to 566,043; 433,957 copied):
-- psql -h 127.0.0.1 -U postgres -d bench_1m -v ON_ERROR_STOP=1 -f bench/grow_pg.sql
\timing on
BEGIN;
CREATE TEMP TABLE pick AS SELECT id FROM news_article WHERE slug LIKE 'generated-story-%' ORDER BY id LIMIT 433957;
INSERT INTO news_article (id,headline,slug,standfirst,body,dateline,article_type,is_breaking,priority,language,status,published_at,updated_at,is_demo,created_at,modified_at,lead_image_id,section_id,corrected_at,created_by_id,version)
SELECT a.id + 566043, headline, 'generated-story-copy-' || a.id, standfirst, body, dateline, article_type, is_breaking, priority, language, status, published_at - interval '600000 minutes', updated_at, is_demo, created_at, modified_at, lead_image_id, section_id, corrected_at, created_by_id, version
FROM news_article a JOIN pick USING (id);
INSERT INTO news_byline ("order", article_id, author_id) SELECT b."order", b.article_id + 566043, b.author_id FROM news_byline b JOIN pick p ON p.id = b.article_id;
INSERT INTO news_articlesource ("order", usage, article_id, source_id) SELECT s."order", s.usage, s.article_id + 566043, s.source_id FROM news_articlesource s JOIN pick p ON p.id = s.article_id;
INSERT INTO news_article_topics (article_id, topic_id) SELECT t.article_id + 566043, t.topic_id FROM news_article_topics t JOIN pick p ON p.id = t.article_id;
INSERT INTO search_searchdocument (article_id, headline, standfirst, body, extra, vector) SELECT d.article_id + 566043, d.headline, d.standfirst, d.body, d.extra, d.vector FROM search_searchdocument d JOIN pick p ON p.id = d.article_id;
SELECT setval(pg_get_serial_sequence('news_article','id'), (SELECT max(id) FROM news_article));
COMMIT;
ANALYZE;
