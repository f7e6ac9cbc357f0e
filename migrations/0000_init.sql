CREATE TABLE `agents` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agents_email_idx` ON `agents` (`email`);--> statement-breakpoint
CREATE INDEX `agents_workspace_idx` ON `agents` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `api_tokens_agent_idx` ON `api_tokens` (`agent_id`);--> statement-breakpoint
CREATE TABLE `channels` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`kind` text DEFAULT 'whatsapp' NOT NULL,
	`name` text NOT NULL,
	`phone_number_id` text NOT NULL,
	`display_number` text NOT NULL,
	`waba_id` text NOT NULL,
	`token_ref` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channels_phone_number_idx` ON `channels` (`phone_number_id`);--> statement-breakpoint
CREATE INDEX `channels_workspace_idx` ON `channels` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`contact_key` text NOT NULL,
	`wa_id` text,
	`user_id` text,
	`profile_name` text,
	`phone` text,
	`attributes` text DEFAULT '{}' NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_channel_key_idx` ON `contacts` (`channel_id`,`contact_key`);--> statement-breakpoint
CREATE INDEX `contacts_workspace_phone_idx` ON `contacts` (`workspace_id`,`phone`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`contact_name` text,
	`contact_phone` text,
	`status` text NOT NULL,
	`assignee_id` text,
	`priority` text DEFAULT 'normal' NOT NULL,
	`last_message_at` integer,
	`last_message_preview` text,
	`last_message_kind` text,
	`last_message_direction` text,
	`last_inbound_at` integer,
	`unread_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `conversations_ws_activity_idx` ON `conversations` (`workspace_id`,`last_message_at`,`id`);--> statement-breakpoint
CREATE INDEX `conversations_ws_status_activity_idx` ON `conversations` (`workspace_id`,`status`,`last_message_at`);--> statement-breakpoint
CREATE INDEX `conversations_ws_assignee_activity_idx` ON `conversations` (`workspace_id`,`assignee_id`,`last_message_at`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`kind` text NOT NULL,
	`agent_id` text,
	`at` integer NOT NULL,
	`value` integer,
	`data` text
);
--> statement-breakpoint
CREATE INDEX `events_ws_kind_at_idx` ON `events` (`workspace_id`,`kind`,`at`);--> statement-breakpoint
CREATE INDEX `events_conversation_at_idx` ON `events` (`conversation_id`,`at`);--> statement-breakpoint
CREATE TABLE `login_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_failures_key_at_idx` ON `login_failures` (`key`,`at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_agent_idx` ON `sessions` (`agent_id`);--> statement-breakpoint
CREATE TABLE `templates` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`name` text NOT NULL,
	`language` text NOT NULL,
	`category` text NOT NULL,
	`status` text NOT NULL,
	`header` text,
	`body` text NOT NULL,
	`header_params` integer DEFAULT 0 NOT NULL,
	`body_params` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `templates_channel_name_lang_idx` ON `templates` (`channel_id`,`name`,`language`);--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`timezone` text DEFAULT 'Europe/Madrid' NOT NULL,
	`locale` text DEFAULT 'es' NOT NULL,
	`created_at` integer NOT NULL
);
