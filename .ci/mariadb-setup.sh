#!/usr/bin/env bash
# Makes sure MariaDB answers on 127.0.0.1:3306, switches it to MySQL 8's default sql_mode, and creates
# a throwaway database with its own user. Prints the URL to use (mariadb://…) on stdout.
set -euo pipefail
db="${1:-gongkai_test}"
if ! mariadb-admin -uroot ping >/dev/null 2>&1; then
  mkdir -p /run/mysqld && chown mysql /run/mysqld 2>/dev/null || true
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql >/dev/null
  for _ in $(seq 1 120); do mariadb-admin -uroot ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
mariadb-admin -uroot ping >/dev/null 2>&1 || { echo "MariaDB did not come up" >&2; exit 1; }
mariadb -uroot <<SQL
SET GLOBAL sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';
SET GLOBAL time_zone = '+00:00';
DROP DATABASE IF EXISTS \`${db}\`;
CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE USER IF NOT EXISTS 'gongkai'@'localhost' IDENTIFIED BY 'gongkai';
CREATE USER IF NOT EXISTS 'gongkai'@'127.0.0.1' IDENTIFIED BY 'gongkai';
GRANT ALL ON \`gongkai%\`.* TO 'gongkai'@'localhost';
GRANT ALL ON \`gongkai%\`.* TO 'gongkai'@'127.0.0.1';
SQL
echo "mariadb://gongkai:gongkai@127.0.0.1:3306/${db}"
