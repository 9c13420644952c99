"""The rollup's two tables. Internal tables like the framework's own ``__global_search``: no DocType, so
no REST, list or report reaches them; only crm_plus.rollup reads and writes them. Made (idempotently)
on install and migrate, dropped on uninstall."""

import frappe

from crm_plus.rollup import GRADES, OWNERS, PROFILE, RECORDERS, TABLE

CREATE = (
	f"""create table if not exists `{TABLE}` (
		`owner_key` varchar(140) not null,
		`period_type` varchar(8) not null,
		`period` varchar(8) not null,
		`orders` int not null default 0,
		`amount` decimal(21,9) not null default 0,
		`customers` int not null default 0,
		`follow_ups` int not null default 0,
		`first_day` date null,
		`last_day` date null,
		primary key (`owner_key`, `period_type`, `period`)
	) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci""",
	f"""create table if not exists `{PROFILE}` (
		`owner_key` varchar(140) not null,
		`dimension` varchar(32) not null,
		`value` varchar(140) not null,
		`customers` int not null default 0,
		`orders` int not null default 0,
		`amount` decimal(21,9) not null default 0,
		primary key (`owner_key`, `dimension`, `value`)
	) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci""",
	f"""create table if not exists `{GRADES}` (
		`owner_key` varchar(140) not null,
		`period` varchar(8) not null,
		`from_grade` varchar(140) not null,
		`to_grade` varchar(140) not null,
		`changes` int not null default 0,
		`first_day` date null,
		`last_day` date null,
		primary key (`owner_key`, `period`, `from_grade`, `to_grade`)
	) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci""",
	f"""create table if not exists `{RECORDERS}` (
		`owner_key` varchar(140) not null,
		`period` varchar(8) not null,
		`recorder` varchar(140) not null,
		`follow_ups` int not null default 0,
		`first_day` date null,
		`last_day` date null,
		primary key (`owner_key`, `period`, `recorder`)
	) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci""",
	f"""create table if not exists `{OWNERS}` (
		`owner_key` varchar(140) not null,
		`version` bigint not null default 1,
		`built_version` bigint not null default 0,
		`customers` int not null default 0,
		`fingerprint` bigint unsigned not null default 0,
		`open_alerts` int not null default 0,
		`built_on` datetime(6) null,
		primary key (`owner_key`)
	) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci""",
)


def ensure() -> None:
	"""Make the tables where missing (a DDL statement commits: this runs on install and migrate only)."""
	for statement in CREATE:
		frappe.db.sql_ddl(statement)


def drop() -> None:
	for table in (TABLE, PROFILE, GRADES, RECORDERS, OWNERS):
		frappe.db.sql_ddl(f"drop table if exists `{table}`")


def missing(error: Exception) -> bool:
	"""Whether `error` says a rollup table does not exist (a site whose code is newer than its migrate)."""
	return frappe.db.is_table_missing(error)
