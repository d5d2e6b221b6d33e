-- Kept to syntax that H2, PostgreSQL and MariaDB all accept, and safe to run at every start.
-- The DEFAULT is explicit so that older MariaDB servers do not add ON UPDATE CURRENT_TIMESTAMP.
CREATE TABLE IF NOT EXISTS visit (
	id VARCHAR(36) NOT NULL PRIMARY KEY,
	created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);
