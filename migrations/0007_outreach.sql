CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`name` text NOT NULL,
	`template_name` text NOT NULL,
	`template_language` text NOT NULL,
	`status` text NOT NULL,
	`definition` text NOT NULL,
	`counts` text DEFAULT '{}' NOT NULL,
	`scheduled_at` integer,
	`started_at` integer,
	`finished_at` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `campaigns_ws_created_idx` ON `campaigns` (`workspace_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `channels` ADD `throughput_mps` integer DEFAULT 80 NOT NULL;--> statement-breakpoint
ALTER TABLE `channels` ADD `messaging_limit` integer DEFAULT 250;--> statement-breakpoint
ALTER TABLE `contacts` ADD `marketing_consent_at` integer;--> statement-breakpoint
ALTER TABLE `templates` ADD `meta_id` text;--> statement-breakpoint
ALTER TABLE `templates` ADD `components` text;--> statement-breakpoint
ALTER TABLE `templates` ADD `quality` text DEFAULT 'UNKNOWN' NOT NULL;--> statement-breakpoint
ALTER TABLE `templates` ADD `reason` text;--> statement-breakpoint
ALTER TABLE `templates` ADD `updated_at` integer;