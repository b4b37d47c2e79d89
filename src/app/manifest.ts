import type { MetadataRoute } from "next";

// The web app manifest: the name and icons a phone uses when the studio is added to its home screen.
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "AI SSA Studio",
    short_name: "SSA Studio",
    description: "Pick a blueprint, choose Claude or GPT, and get a streamed, structured first draft you can refine.",
    start_url: "/studio",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#4f46e5",
    icons: [
      { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
    ],
  };
}
