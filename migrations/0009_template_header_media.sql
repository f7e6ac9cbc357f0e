ALTER TABLE `templates` ADD `header_media_key` text;--> statement-breakpoint
ALTER TABLE `templates` ADD `header_media_type` text;--> statement-breakpoint
ALTER TABLE `templates` ADD `header_media_filename` text;