// Organization search (docs/zitadel-api.md §4): admin v1 ListOrgs (iam.read, every org), org v2 ListOrganizations
// (authenticated; rows filtered by org.read *after* counting and paging, so totalResult may exceed what
// the caller sees, as upstream's legacy permission check does), and management GetMyOrg.
import * as admin from "@zitadel/proto/zitadel/admin_pb.js";
import * as mgmt from "@zitadel/proto/zitadel/management_pb.js";
import { OrgFieldName, OrgState } from "@zitadel/proto/zitadel/org_pb.js";
import { OrganizationState } from "@zitadel/proto/zitadel/org/v2/org_pb.js";
import * as orgV2 from "@zitadel/proto/zitadel/org/v2/org_service_pb.js";
import { OrganizationFieldName, type SearchQuery as OrgSearchQueryV2 } from "@zitadel/proto/zitadel/org/v2/query_pb.js";
import type { OrgQuery } from "@zitadel/proto/zitadel/org_pb.js";
import { assertNever } from "../../model.js";
import { Errors } from "../error-catalogue.js";
import { GrpcCode, plainError } from "../rpc-error.js";
import type { OrgRecord, OrgState as OrgStateName } from "../state.js";
import { defineHandler, timestamp, u64, type CallContext, type Handler } from "./define.js";
import { matchText, page } from "./search.js";

const v1State = (s: OrgStateName): OrgState => (s === "active" ? OrgState.ACTIVE : OrgState.INACTIVE);
const v2State = (s: OrgStateName): OrganizationState =>
  s === "active" ? OrganizationState.ACTIVE : OrganizationState.INACTIVE;

const v1Org = (o: OrgRecord) => ({
  id: o.id,
  details: {
    sequence: u64(o.sequence),
    creationDate: timestamp(o.creationDate),
    changeDate: timestamp(o.changeDate),
    resourceOwner: o.id,
  },
  state: v1State(o.state),
  name: o.name,
  primaryDomain: o.primaryDomain,
});

const v2Org = (o: OrgRecord) => ({
  id: o.id,
  details: {
    sequence: u64(o.sequence),
    changeDate: timestamp(o.changeDate),
    resourceOwner: o.id,
    creationDate: timestamp(o.creationDate),
  },
  state: v2State(o.state),
  name: o.name,
  primaryDomain: o.primaryDomain,
});

function matchesV1(o: OrgRecord, q: OrgQuery): boolean {
  const query = q.query;
  switch (query.case) {
    case "nameQuery":
      return matchText(query.value.method, o.name, query.value.name);
    case "domainQuery":
      return o.domains.some((d) => matchText(query.value.method, d, query.value.domain));
    case "stateQuery":
      return v1State(o.state) === query.value.state;
    case "idQuery":
      return o.id === query.value.id;
    case undefined:
      return true;
    default:
      return assertNever(query);
  }
}

/** protoc-gen-validate's rule on the v2 text queries: 1-200 characters. */
function validateV2(queries: readonly OrgSearchQueryV2[]): void {
  queries.forEach((q, i) => {
    const query = q.query;
    const text =
      query.case === "nameQuery"
        ? ["OrganizationNameQuery.Name", query.value.name, "NameQuery"]
        : query.case === "domainQuery"
          ? ["OrganizationDomainQuery.Domain", query.value.domain, "DomainQuery"]
          : query.case === "idQuery"
            ? ["OrganizationIDQuery.Id", query.value.id, "IdQuery"]
            : undefined;
    if (!text) return;
    const [field, value, wrapper] = text as [string, string, string];
    const runes = [...value].length;
    if (runes < 1 || runes > 200) {
      throw plainError(
        GrpcCode.InvalidArgument,
        `invalid ListOrganizationsRequest.Queries[${i}]: embedded message failed validation | caused by: ` +
          `invalid SearchQuery.${wrapper}: embedded message failed validation | caused by: invalid ${field}: ` +
          `value length must be between 1 and 200 runes, inclusive`,
      );
    }
  });
}

function matchesV2(o: OrgRecord, q: OrgSearchQueryV2, call: CallContext): boolean {
  const query = q.query;
  switch (query.case) {
    case "nameQuery":
      return matchText(query.value.method, o.name, query.value.name);
    case "domainQuery":
      return o.domains.some((d) => matchText(query.value.method, d, query.value.domain));
    case "stateQuery":
      return v2State(o.state) === query.value.state;
    case "idQuery":
      return o.id === query.value.id;
    case "defaultQuery":
      return o.id === call.store.data.instance.defaultOrgId;
    case undefined:
      return true;
    default:
      return assertNever(query);
  }
}

/** query.OrgColumnName is isOrderByLower: ORDER BY LOWER(name). */
const orderByName = (o: OrgRecord): string => o.name.toLowerCase();

const listDetails = (total: number, call: CallContext) => ({
  totalResult: u64(total),
  processedSequence: u64(call.store.data.sequences[call.store.data.instance.id] ?? 0),
});

export const orgHandlers: Readonly<Record<string, Handler>> = {
  "zitadel.admin.v1.AdminService.ListOrgs": defineHandler(
    admin.ListOrgsRequestSchema,
    admin.ListOrgsResponseSchema,
    { write: false },
    (req, call) => {
      const matches = call.store.data.orgs.filter((o) => req.queries.every((q) => matchesV1(o, q)));
      const byName = req.sortingColumn === OrgFieldName.NAME ? orderByName : undefined;
      return {
        details: { ...listDetails(matches.length, call), viewTimestamp: timestamp(call.now().toISOString()) },
        sortingColumn: req.sortingColumn,
        result: page(matches, req.query, byName).map(v1Org),
      };
    },
  ),
  "zitadel.org.v2.OrganizationService.ListOrganizations": defineHandler(
    orgV2.ListOrganizationsRequestSchema,
    orgV2.ListOrganizationsResponseSchema,
    { write: false },
    (req, call) => {
      validateV2(req.queries);
      const matches = call.store.data.orgs.filter((o) => req.queries.every((q) => matchesV2(o, q, call)));
      const byName = req.sortingColumn === OrganizationFieldName.NAME ? orderByName : undefined;
      const visible = page(matches, req.query, byName).filter(
        (o) => call.auth.check(call.caller.user.id, "org.read", o.id) === "granted",
      );
      return {
        details: { ...listDetails(matches.length, call), timestamp: timestamp(call.now().toISOString()) },
        sortingColumn: req.sortingColumn,
        result: visible.map(v2Org),
      };
    },
  ),
  "zitadel.management.v1.ManagementService.GetMyOrg": defineHandler(
    mgmt.GetMyOrgRequestSchema,
    mgmt.GetMyOrgResponseSchema,
    { write: false },
    (_req, call) => {
      const org = call.store.findOrg(call.caller.orgId);
      if (!org) throw Errors.orgDoesNotExist();
      return { org: v1Org(org) };
    },
  ),
};
