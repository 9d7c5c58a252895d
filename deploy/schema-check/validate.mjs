// Validates Kubernetes objects against the Kubernetes API schemas, the way `kubeconform -strict` does, offline.
//
//   node validate.mjs objects.json      (a JSON array of objects, e.g. `kubectl kustomize` output as JSON)
//
// Two checks per object of a built-in kind (apps/v1 Deployment, v1 Service, networking.k8s.io/v1 ...):
//  1. schema: the ajv validators that the npm package kubernetes-models compiles from the Kubernetes OpenAPI
//     specification (types, required fields, formats, enums);
//  2. strict: no field that the API does not know (a misspelt `readinessProbe` is silently dropped by the API
//     server, so the schema check alone would pass it), found by walking the object along the package's type
//     declarations (.d.ts), which are generated from the same specification.
// Objects of custom resources (Strimzi, Keycloak, MongoDB, CloudNativePG) have no schema here: they are listed
// as "unchecked" and the Java test checks them by its own rules.
// Prints one JSON report on stdout; exit code 0 when every built-in object is valid, 1 otherwise.
import { readFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modelsDir = join(here, "node_modules", "kubernetes-models");
const nodeModules = join(here, "node_modules");

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
const report = { checked: [], unchecked: [], errors: [] };

const interfaceCache = new Map();

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/** Resolves an import specifier of a .d.ts file to a .d.ts path. */
function resolveImport(fromFile, spec) {
  let path = spec.startsWith(".") ? resolve(dirname(fromFile), spec) : join(nodeModules, spec);
  path = path.replace(/\.js$/, "");
  return path + ".d.ts";
}

/** The properties of the interface that `typeName` (as imported in `file`, or declared there) denotes. */
function loadInterface(file, typeName) {
  const key = file + "#" + typeName;
  if (interfaceCache.has(key)) return interfaceCache.get(key);
  interfaceCache.set(key, null); // recursion guard (JSONSchemaProps and friends)
  if (!existsSync(file)) return null;
  const text = stripComments(readFileSync(file, "utf8"));
  // an imported name: follow the import
  const imp = new RegExp(`import\\s*\\{[^}]*\\b${typeName}\\b[^}]*\\}\\s*from\\s*"([^"]+)"`).exec(text);
  if (imp) {
    const result = loadInterface(resolveImport(file, imp[1]), typeName);
    interfaceCache.set(key, result);
    return result;
  }
  // an alias exported here: export type { IFoo as IIoK8sFoo, ... }
  let local = typeName;
  const alias = new RegExp(`\\b(\\w+)\\s+as\\s+${typeName}\\b`).exec(text);
  if (alias) local = alias[1];
  const start = new RegExp(`export interface ${local}\\b[^{]*\\{`).exec(text);
  if (!start) return null; // a type alias (string, number | string, ...): nothing to walk
  const body = block(text, start.index + start[0].length - 1);
  const props = parseProperties(body);
  const result = { file, props };
  interfaceCache.set(key, result);
  return result;
}

/** The text between the brace at `open` and its matching brace. */
function block(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error("unbalanced braces");
}

/** `"name"?: Type;` declarations at depth 0 of an interface body. */
function parseProperties(body) {
  const props = new Map();
  let i = 0;
  while (i < body.length) {
    const m = /"([^"]+)"\??\s*:\s*/y;
    m.lastIndex = i;
    const hit = m.exec(body);
    if (!hit) { i++; continue; }
    let j = m.lastIndex, depth = 0;
    for (; j < body.length; j++) {
      const c = body[j];
      if (c === "{" || c === "<" || c === "(") depth++;
      else if (c === "}" || c === ">" || c === ")") depth--;
      else if (c === ";" && depth === 0) break;
    }
    props.set(hit[1], body.slice(m.lastIndex, j).trim());
    i = j + 1;
  }
  return props;
}

/** Walks `value` along the TypeScript type `type` declared in `file`, reporting unknown fields. */
function walk(value, type, file, path, errors) {
  if (value === null || value === undefined) return;
  type = type.trim();
  const array = /^Array<([\s\S]*)>$/.exec(type);
  if (array) {
    if (Array.isArray(value)) value.forEach((v, n) => walk(v, array[1], file, `${path}/${n}`, errors));
    return;
  }
  const map = /^\{\s*\[key: string\]:\s*([\s\S]*?);?\s*\}$/.exec(type);
  if (map) {
    if (typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, map[1], file, `${path}/${k}`, errors);
    return;
  }
  if (!/^I\w+$/.test(type) || typeof value !== "object" || Array.isArray(value)) return;
  const iface = loadInterface(file, type);
  if (!iface) return;
  for (const [k, v] of Object.entries(value)) {
    if (!iface.props.has(k)) {
      errors.push(`${path}/${k}: unknown field (not in the Kubernetes API schema of ${type.replace(/^II?o?K8s/, "")})`);
    } else {
      walk(v, iface.props.get(k), iface.file, `${path}/${k}`, errors);
    }
  }
}

for (const obj of objects) {
  const id = `${obj.kind}/${obj?.metadata?.name} (${obj.apiVersion})`;
  const file = join(modelsDir, obj.apiVersion, `${obj.kind}.d.ts`);
  if (!existsSync(file)) {
    report.unchecked.push(id);
    continue;
  }
  const errors = [];
  try {
    const mod = await import(`kubernetes-models/${obj.apiVersion}/${obj.kind}`);
    const Model = mod[obj.kind] ?? mod.default;
    new Model(obj).validate();
  } catch (e) {
    errors.push(`schema: ${e.message}`);
  }
  walk(obj, `I${obj.kind}`, file, "", errors);
  report.checked.push(id);
  for (const error of errors) report.errors.push(`${id}: ${error}`);
}

process.stdout.write(JSON.stringify(report, null, 1) + "\n");
process.exit(report.errors.length === 0 ? 0 : 1);
