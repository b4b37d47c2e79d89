// Runs once before the suite: says which database the suite runs on.
export default function setup(): void {
  const url = process.env.TEST_DATABASE_URL;
  console.log(
    url
      ? `Database tests run on PostgreSQL (${new URL(url).host}).`
      : "Database tests run on PGlite (set TEST_DATABASE_URL for a real PostgreSQL).",
  );
}
