CREATE TABLE `knowledge_articles` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `knowledge_articles_ws_idx` ON `knowledge_articles` (`workspace_id`,`updated_at`);--> statement-breakpoint
ALTER TABLE `channels` ADD `bot_mode` text DEFAULT 'never' NOT NULL;--> statement-breakpoint
ALTER TABLE `channels` ADD `bot_handoff_message` text;--> statement-breakpoint
ALTER TABLE `channels` ADD `bot_greeting` text;--> statement-breakpoint
ALTER TABLE `channels` ADD `bot_daily_reply_limit` integer;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `business_hours` text;