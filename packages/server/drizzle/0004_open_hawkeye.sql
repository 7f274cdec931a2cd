ALTER TABLE `browser_states` ADD `native_engine` text;--> statement-breakpoint
ALTER TABLE `browser_states` ADD `native_data` blob;--> statement-breakpoint
ALTER TABLE `sessions` ADD `state_restored` text;