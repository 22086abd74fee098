DROP TABLE IF EXISTS invoices, unsubscriptions;
