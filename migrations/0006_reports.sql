CREATE TABLE `report_daily` (
	`workspace_id` text NOT NULL,
	`day` integer NOT NULL,
	`metric` text NOT NULL,
	`agent_id` text DEFAULT '' NOT NULL,
	`team_id` text DEFAULT '' NOT NULL,
	`channel_id` text DEFAULT '' NOT NULL,
	`bucket` integer DEFAULT -1 NOT NULL,
	`count` integer NOT NULL,
	`sum` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`workspace_id`, `day`, `metric`, `agent_id`, `team_id`, `channel_id`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `report_dirty_days` (
	`workspace_id` text NOT NULL,
	`day` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `report_monthly` (
	`workspace_id` text NOT NULL,
	`month` integer NOT NULL,
	`metric` text NOT NULL,
	`bucket` integer NOT NULL,
	`count` integer NOT NULL,
	`sum` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `month`, `metric`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `report_months` (
	`workspace_id` text NOT NULL,
	`month` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `month`)
);
--> statement-breakpoint
CREATE TABLE `sla_policies` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`priority` text,
	`tag_id` text,
	`first_response_seconds` integer,
	`next_response_seconds` integer,
	`resolution_seconds` integer,
	`business_hours` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sla_policies_ws_position_idx` ON `sla_policies` (`workspace_id`,`position`);--> statement-breakpoint
ALTER TABLE `channels` ADD `csat_enabled` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `channels` ADD `csat_question` text;--> statement-breakpoint
ALTER TABLE `channels` ADD `csat_labels` text;--> statement-breakpoint
ALTER TABLE `channels` ADD `csat_thanks` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `opted_out_at` integer;--> statement-breakpoint
ALTER TABLE `contacts` ADD `opt_changed_at` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `sla` text;--> statement-breakpoint
ALTER TABLE `events` ADD `team_id` text;--> statement-breakpoint
ALTER TABLE `events` ADD `channel_id` text;--> statement-breakpoint
ALTER TABLE `events` ADD `started_at` integer;--> statement-breakpoint
ALTER TABLE `events` ADD `wa_at` integer;--> statement-breakpoint
ALTER TABLE `events` ADD `day` integer;--> statement-breakpoint
ALTER TABLE `events` ADD `business_value` integer;--> statement-breakpoint
ALTER TABLE `events` ADD `bucket` integer;--> statement-breakpoint
ALTER TABLE `events` ADD `business_bucket` integer;--> statement-breakpoint
CREATE INDEX `events_ws_day_idx` ON `events` (`workspace_id`,`day`);--> statement-breakpoint
ALTER TABLE `workspaces` ADD `opt_out_keywords` text;--> statement-breakpoint
-- Events written before this migration: their channel from the index, their day in UTC (close enough for history),
-- and every such day marked for its first rollup.
UPDATE `events` SET `channel_id` = (SELECT `channel_id` FROM `conversations` WHERE `conversations`.`id` = `events`.`conversation_id`) WHERE `channel_id` IS NULL;--> statement-breakpoint
UPDATE `events` SET `day` = CAST(strftime('%Y%m%d', `at` / 1000, 'unixepoch') AS INTEGER) WHERE `day` IS NULL;--> statement-breakpoint
INSERT OR IGNORE INTO `report_dirty_days` (`workspace_id`, `day`) SELECT DISTINCT `workspace_id`, `day` FROM `events`;
