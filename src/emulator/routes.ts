// The route table, read from ZITADEL's own API definitions: every method of the services the tool talks to,
// with its google.api.http binding (method, path, body), its permission (zitadel.v1.auth_option for v1
// services, zitadel.protoc_gen_zitadel.v2.options for v2) and its request/response schemas. Matching
// follows grpc-gateway's ServeMux: the last registered route wins, and a path known under another method
// is a 405 rather than a 404.
import { getExtension, hasExtension, type DescMessage, type DescMethod, type DescService } from "@bufbuild/protobuf";
import { http } from "@zitadel/proto/google/api/annotations_pb.js";
import { openapiv2_swagger } from "@zitadel/proto/protoc-gen-openapiv2/options/annotations_pb.js";
import { AdminService } from "@zitadel/proto/zitadel/admin_pb.js";
import { AuthService } from "@zitadel/proto/zitadel/auth_pb.js";
import { ManagementService } from "@zitadel/proto/zitadel/management_pb.js";
import { auth_option } from "@zitadel/proto/zitadel/options_pb.js";
import { OrganizationService } from "@zitadel/proto/zitadel/org/v2/org_service_pb.js";
import { options as v2Options } from "@zitadel/proto/zitadel/protoc_gen_zitadel/v2/options_pb.js";
import { SettingsService as SettingsV2 } from "@zitadel/proto/zitadel/settings/v2/settings_service_pb.js";
import { SettingsService as SettingsV2beta } from "@zitadel/proto/zitadel/settings/v2beta/settings_service_pb.js";
import { UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { joinBasePath, matchPathTemplate, parsePathTemplate, splitPath, type PathTemplate } from "./path-template.js";

/** The services whose routes the emulator knows (all of their routes, implemented or not). */
export const SERVICES: readonly DescService[] = [
  AdminService,
  AuthService,
  ManagementService,
  SettingsV2,
  SettingsV2beta,
  OrganizationService,
  UserService,
];

export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE" | "PATCH";

export interface Route {
  readonly method: DescMethod;
  /** e.g. "zitadel.admin.v1.AdminService.GetLockoutPolicy" */
  readonly fullName: string;
  readonly httpMethod: HttpMethod;
  readonly template: PathTemplate;
  /** The google.api.http body field: "*" (the whole message), "" (none: query parameters) or a field name. */
  readonly body: string;
  /** The permission the method requires, "authenticated", or "" when the proto declares none. */
  readonly permission: string;
  /** v2 methods may declare another success status (e.g. 201); every route the emulator serves uses 200. */
  readonly successCode: number;
  readonly input: DescMessage;
  readonly output: DescMessage;
}

/** The base path the service's HTTP paths are relative to, from its openapiv2 file option ("/" for v2). */
export function serviceBasePath(service: DescService): string {
  const fileOptions = service.file.proto.options;
  if (fileOptions && hasExtension(fileOptions, openapiv2_swagger)) {
    const basePath = getExtension(fileOptions, openapiv2_swagger).basePath;
    if (basePath) return basePath;
  }
  return "/";
}

function methodPermission(method: DescMethod): { permission: string; successCode: number } {
  const opts = method.proto.options;
  if (opts && hasExtension(opts, auth_option)) {
    return { permission: getExtension(opts, auth_option).permission, successCode: 200 };
  }
  if (opts && hasExtension(opts, v2Options)) {
    const v2 = getExtension(opts, v2Options);
    return { permission: v2.authOption?.permission ?? "", successCode: v2.httpResponse?.successCode || 200 };
  }
  return { permission: "", successCode: 200 };
}

export function buildRoutes(services: readonly DescService[] = SERVICES): readonly Route[] {
  const routes: Route[] = [];
  for (const service of services) {
    const basePath = serviceBasePath(service);
    for (const method of service.methods) {
      const opts = method.proto.options;
      if (!opts || !hasExtension(opts, http)) continue;
      const rule = getExtension(opts, http);
      const { permission, successCode } = methodPermission(method);
      for (const binding of [rule, ...rule.additionalBindings]) {
        const pattern = binding.pattern;
        let httpMethod: HttpMethod;
        switch (pattern.case) {
          case "get":
            httpMethod = "GET";
            break;
          case "put":
            httpMethod = "PUT";
            break;
          case "post":
            httpMethod = "POST";
            break;
          case "delete":
            httpMethod = "DELETE";
            break;
          case "patch":
            httpMethod = "PATCH";
            break;
          default:
            // "custom" verbs and connect-only methods have no REST route.
            continue;
        }
        routes.push({
          method,
          fullName: `${service.typeName}.${method.name}`,
          httpMethod,
          template: parsePathTemplate(joinBasePath(basePath, pattern.value)),
          body: binding.body,
          permission,
          successCode,
          input: method.input,
          output: method.output,
        });
      }
    }
  }
  return routes;
}

export type RouteMatch =
  | { readonly kind: "route"; readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: "method-not-allowed" }
  | { readonly kind: "not-found" };

export interface Router {
  readonly routes: readonly Route[];
  match(method: string, pathname: string): RouteMatch;
}

let shared: Router | undefined;

/** The router over SERVICES, built once per process: the table is read-only and takes 50–120 ms to build. */
export function defaultRouter(): Router {
  shared ??= createRouter(buildRoutes());
  return shared;
}

export function createRouter(routes: readonly Route[]): Router {
  // grpc-gateway's ServeMux.Handle prepends, so among routes matching the same request the one registered
  // last wins; registration follows proto order. Reverse once here and take the first match.
  const byMethod = new Map<string, Route[]>();
  for (const route of [...routes].reverse()) {
    const list = byMethod.get(route.httpMethod) ?? [];
    list.push(route);
    byMethod.set(route.httpMethod, list);
  }
  return {
    routes,
    match(method, pathname) {
      const components = splitPath(pathname);
      for (const route of byMethod.get(method) ?? []) {
        const params = matchPathTemplate(route.template, components);
        if (params) return { kind: "route", route, params };
      }
      for (const [other, list] of byMethod) {
        if (other === method) continue;
        if (list.some((r) => matchPathTemplate(r.template, components))) return { kind: "method-not-allowed" };
      }
      return { kind: "not-found" };
    },
  };
}
