"use client";

export interface ModelOption {
  id: string;
  label: string;
  isDemo: boolean;
}

export function ModelSelect({
  models,
  value,
  onChange,
  id = "model",
}: {
  models: ModelOption[];
  value: string;
  onChange: (id: string) => void;
  id?: string;
}) {
  const current = models.find((m) => m.id === value);
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        Model
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm focus:border-brand-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-950"
      >
        {models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
      </select>
      {current?.isDemo ? (
        <p className="text-xs text-amber-800 dark:text-amber-200">
          The demo model writes a sample draft offline. Add an Anthropic or OpenAI key to use Claude or GPT.
        </p>
      ) : null}
    </div>
  );
}
