INSERT INTO widget (name) VALUES ('first');
