CREATE TABLE "usage_daily" (
	"day" date NOT NULL,
	"tier" text NOT NULL,
	"model" text NOT NULL,
	"status" text NOT NULL,
	"error_code" text DEFAULT '' NOT NULL,
	"calls" integer NOT NULL,
	"input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	CONSTRAINT "usage_daily_day_tier_model_status_error_code_pk" PRIMARY KEY("day","tier","model","status","error_code")
);
--> statement-breakpoint
CREATE TABLE "usage_daily_blueprint" (
	"day" date NOT NULL,
	"blueprint_id" text NOT NULL,
	"calls" integer NOT NULL,
	"failed" integer NOT NULL,
	CONSTRAINT "usage_daily_blueprint_day_blueprint_id_pk" PRIMARY KEY("day","blueprint_id")
);
--> statement-breakpoint
CREATE TABLE "usage_daily_ttft" (
	"day" date NOT NULL,
	"model" text NOT NULL,
	"bucket" integer NOT NULL,
	"calls" integer NOT NULL,
	CONSTRAINT "usage_daily_ttft_day_model_bucket_pk" PRIMARY KEY("day","model","bucket")
);
--> statement-breakpoint
CREATE TABLE "usage_rollup_day" (
	"day" date PRIMARY KEY NOT NULL,
	"rolled_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "access_grant_whop_activated_idx" ON "access_grant" USING btree ("user_id","activated_at") WHERE "access_grant"."source" = 'whop';--> statement-breakpoint
CREATE INDEX "app_identity_created_at_idx" ON "app_identity" USING btree ("created_at");