#!/usr/bin/env node
// Copies the non-TypeScript files the server reads at run time (the banned-password list) into dist/.
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const assets = ['server/features/policy/banned/data'];
for (const asset of assets) {
  const to = path.join('dist', asset);
  mkdirSync(path.dirname(to), { recursive: true });
  cpSync(path.join('src', asset), to, { recursive: true });
}
