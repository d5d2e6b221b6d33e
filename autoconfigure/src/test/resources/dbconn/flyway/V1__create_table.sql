create table ${table} (id int primary key);
insert into ${table} values (1);
