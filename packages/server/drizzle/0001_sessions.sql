CREATE TABLE `runners` (
	`id` text PRIMARY KEY NOT NULL,
	`host` text,
	`pid` integer,
	`heartbeat_at` integer NOT NULL,
	`started_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`profile_id` text NOT NULL,
	`archetype` text NOT NULL,
	`persist` integer NOT NULL,
	`idle_timeout_s` integer NOT NULL,
	`status` text NOT NULL,
	`runner_id` text NOT NULL,
	`engine` text,
	`end_reason` text,
	`created_by_key_id` text NOT NULL,
	`created_by_account_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`ended_at` integer,
	`state_persisted_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_one_writer` ON `sessions` (`profile_id`) WHERE status = 'active' AND persist = 1;--> statement-breakpoint
CREATE INDEX `sessions_profile_status` ON `sessions` (`profile_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `sessions_account_created` ON `sessions` (`account_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `sessions_runner_status` ON `sessions` (`runner_id`,`status`);