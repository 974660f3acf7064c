create table if not exists schema_migrations (
    version    integer primary key,
    name       varchar not null,
    checksum   varchar not null,
    applied_at timestamp not null
);
comment on table schema_migrations is 'Applied schema migrations (sql/schema/NNN_*.sql), one row each, written in the same transaction as the migration.';
comment on column schema_migrations.version is 'Migration number (the NNN of the file name).';
comment on column schema_migrations.name is 'Migration file name without .sql.';
comment on column schema_migrations.checksum is 'sha256 of the file: an applied migration must never change.';
comment on column schema_migrations.applied_at is 'When the migration was applied (UTC).';
