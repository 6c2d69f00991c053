DROP TABLE attachments;
DROP TABLE blobs;
