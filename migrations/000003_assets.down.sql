DROP TABLE IF EXISTS asset_upload_days;
DROP TABLE IF EXISTS assets;
