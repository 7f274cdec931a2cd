CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`tier` text NOT NULL,
	`profile_cap` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`scope` text NOT NULL,
	`secret_hash` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_secret_hash` ON `api_keys` (`secret_hash`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`action` text NOT NULL,
	`actor_key_id` text NOT NULL,
	`actor_account_id` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_account_created` ON `audit_log` (`account_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_account_target` ON `audit_log` (`account_id`,`target_id`);--> statement-breakpoint
CREATE TABLE `browser_states` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`format` text NOT NULL,
	`bytes` integer NOT NULL,
	`data` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`account_id` text NOT NULL,
	`key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`response_status` integer,
	`response_body` text,
	`response_headers` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `idempotency_keys_created` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`account_id` text NOT NULL,
	`member_account_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `member_account_id`)
);
--> statement-breakpoint
CREATE TABLE `profile_snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`parent_profile_id` text,
	`parent_name` text NOT NULL,
	`parent_archetype` text NOT NULL,
	`label` text NOT NULL,
	`description` text,
	`state_id` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `profile_snapshots_account_created` ON `profile_snapshots` (`account_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `profile_snapshots_parent_created` ON `profile_snapshots` (`parent_profile_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `profile_snapshots_state` ON `profile_snapshots` (`state_id`);--> statement-breakpoint
CREATE TABLE `profiles` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`archetype` text NOT NULL,
	`description` text,
	`state_id` text,
	`last_used_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `profiles_account_name` ON `profiles` (`account_id`,`name`);--> statement-breakpoint
CREATE INDEX `profiles_account_created` ON `profiles` (`account_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `profiles_state` ON `profiles` (`state_id`);