// Builds the pages into public/ (the Workers Assets directory).
import { cpSync, mkdirSync, rmSync } from "node:fs";

rmSync("public", { recursive: true, force: true });
mkdirSync("public", { recursive: true });
cpSync("static/index.html", "public/index.html");
