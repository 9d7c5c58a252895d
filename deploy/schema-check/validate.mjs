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
// Custom resources are checked the same way where the kubernetes-models project publishes their CRDs' schemas:
// Strimzi (@kubernetes-models/strimzi-kafka-operator) and CloudNativePG (@kubernetes-models/cloudnative-pg).
// Keycloak's and MongoDB's have none on npm: they are listed as "unchecked" and the Java test checks them by its
// own rules.
// Prints one JSON report on stdout; exit code 0 when every built-in object is valid, 1 otherwise.
import { readFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const nodeModules = join(here, "node_modules");
// where the model of an apiVersion/kind is looked up, in this order
const modelPackages = ["kubernetes-models", "@kubernetes-models/strimzi-kafka-operator", "@kubernetes-models/cloudnative-pg"];

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

/** `body` without the contents of nested braces, so that only its own declarations remain. */
function topLevel(body) {
  let depth = 0, out = "";
  for (const c of body) {
    if (c === "{") depth++;
    else if (c === "}") depth--;
    else if (depth === 0) out += c;
  }
  return out;
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
  if (typeof value !== "object" || Array.isArray(value)) return;
  // an object type written inline (the CRD models declare nested objects so), not a union of several
  if (type.startsWith("{") && block(type, 0).length === type.length - 2) {
    const body = block(type, 0);
    if (body.trim() === "") return; // `{}`: a free-form object (x-kubernetes-preserve-unknown-fields), e.g. Kafka configs
    const props = parseProperties(body);
    const open = /\[key: string\]/.test(topLevel(body)); // its own index signature: any further key is allowed
    for (const [k, v] of Object.entries(value)) {
      if (props.has(k)) walk(v, props.get(k), file, `${path}/${k}`, errors);
      else if (!open) errors.push(`${path}/${k}: unknown field (not in the schema)`);
    }
    return;
  }
  if (!/^I\w+$/.test(type)) return;
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
  const pkg = modelPackages.find(name => existsSync(join(nodeModules, name, obj.apiVersion, `${obj.kind}.d.ts`)));
  if (!pkg) {
    report.unchecked.push(id);
    continue;
  }
  const file = join(nodeModules, pkg, obj.apiVersion, `${obj.kind}.d.ts`);
  const errors = [];
  try {
    const mod = await import(`${pkg}/${obj.apiVersion}/${obj.kind}`);
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
