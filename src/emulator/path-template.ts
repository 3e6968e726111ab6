// google.api.http path templates ("/users/{id}/_lock", "/roles/{role_key=**}") parsed and matched the way
// grpc-gateway's runtime.Pattern does: literal segments must be equal, `{x}` / `{x=*}` take exactly one
// segment, `{x=**}` takes the rest of the path (at least nothing). No template in the services the emulator
// serves uses custom verbs (":verb") or nested literals inside a variable, so those are rejected loudly.

export type Segment =
  | { readonly kind: "literal"; readonly value: string }
  | { readonly kind: "variable"; readonly name: string }
  | { readonly kind: "rest"; readonly name: string };

export interface PathTemplate {
  readonly source: string;
  readonly segments: readonly Segment[];
}

const VARIABLE = /^\{([A-Za-z_][A-Za-z0-9_.]*)(?:=(\*\*|\*))?\}$/;

export function parsePathTemplate(source: string): PathTemplate {
  if (!source.startsWith("/")) throw new Error(`path template must start with "/": ${source}`);
  const parts = source.slice(1).split("/");
  const segments = parts.map((part, index): Segment => {
    const variable = VARIABLE.exec(part);
    if (variable) {
      const name = variable[1]!;
      if (variable[2] === "**") {
        if (index !== parts.length - 1) throw new Error(`"**" must be the last segment: ${source}`);
        return { kind: "rest", name };
      }
      return { kind: "variable", name };
    }
    if (/[{}:*=]/.test(part)) throw new Error(`unsupported path template segment "${part}" in ${source}`);
    return { kind: "literal", value: part };
  });
  return { source, segments };
}

/** Joins a service's base path ("/admin/v1", "/") and a method's path ("/policies/lockout"). */
export function joinBasePath(basePath: string, path: string): string {
  const base = basePath.endsWith("/") ? basePath.slice(0, -1) : basePath;
  return `${base}${path}`;
}

/** The path's components, as grpc-gateway splits them (a trailing slash leaves an empty last component). */
export function splitPath(pathname: string): readonly string[] {
  return pathname.slice(1).split("/");
}

/** Returns the bound variables (decoded) when the components match the template, else undefined. */
export function matchPathTemplate(
  template: PathTemplate,
  components: readonly string[],
): Readonly<Record<string, string>> | undefined {
  const params: Record<string, string> = {};
  const segs = template.segments;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    if (seg.kind === "rest") {
      params[seg.name] = components.slice(i).map(safeDecode).join("/");
      return params;
    }
    const component = components[i];
    if (component === undefined) return undefined;
    if (seg.kind === "literal") {
      if (component !== seg.value) return undefined;
    } else {
      if (component === "") return undefined;
      params[seg.name] = safeDecode(component);
    }
  }
  return components.length === segs.length ? params : undefined;
}

function safeDecode(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}
