CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`actor_id` text,
	`actor_name` text,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`detail` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_ws_at_idx` ON `audit_log` (`workspace_id`,`at`);--> statement-breakpoint
CREATE TABLE `password_resets` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE INDEX `password_resets_agent_idx` ON `password_resets` (`agent_id`);--> statement-breakpoint
ALTER TABLE `agents` ADD `totp_secret_enc` text;--> statement-breakpoint
ALTER TABLE `agents` ADD `totp_enabled_at` integer;--> statement-breakpoint
ALTER TABLE `agents` ADD `totp_last_step` integer;--> statement-breakpoint
ALTER TABLE `channels` ADD `access_token_enc` text;--> statement-breakpoint
ALTER TABLE `channels` ADD `token_last4` text;--> statement-breakpoint
ALTER TABLE `channels` ADD `enabled` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `channels` ADD `verified_name` text;--> statement-breakpoint
ALTER TABLE `channels` ADD `quality_rating` text;--> statement-breakpoint
ALTER TABLE `channels` ADD `messaging_tier` text;--> statement-breakpoint
ALTER TABLE `channels` ADD `checked_at` integer;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `country` text DEFAULT 'ES' NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `retention_days` integer;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `require_two_factor` integer DEFAULT false NOT NULL;