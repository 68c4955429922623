-- A refused line keeps the stable code of its reason (and the bound it missed), so that the web app
-- words it in its reader's language; the English reason stays for the report file.
alter table import_errors add column code text, add column bound integer;
