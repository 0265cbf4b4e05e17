-- Known data for the MariaDB live tests: every count here is asserted somewhere.
CREATE DATABASE shop;
USE shop;
CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL) ENGINE=InnoDB;
INSERT INTO customers SELECT seq, CONCAT('customer ', seq) FROM seq_1_to_300;
CREATE TABLE orders (
  id INT PRIMARY KEY,
  customer_id INT NOT NULL,
  total DECIMAL(10,2) NOT NULL,
  CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB;
INSERT INTO orders SELECT seq, 1 + seq % 300, seq * 1.5 FROM seq_1_to_1234;
CREATE TABLE order_lines (
  order_id INT NOT NULL,
  line INT NOT NULL,
  PRIMARY KEY (order_id, line),
  CONSTRAINT lines_order FOREIGN KEY (order_id) REFERENCES orders (id)
) ENGINE=InnoDB;
INSERT INTO order_lines SELECT seq, 1 FROM seq_1_to_500;
CREATE VIEW big_orders AS SELECT id, total FROM `shop`.`orders` WHERE total > 1000;
CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(64)) ENGINE=InnoDB;
CREATE TRIGGER orders_audit AFTER DELETE ON orders FOR EACH ROW INSERT INTO audit (note) VALUES ('deleted');
CREATE DATABASE app;
USE app;
CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB;
INSERT INTO t VALUES (1), (2), (3);
