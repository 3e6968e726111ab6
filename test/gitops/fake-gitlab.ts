// A stand-in for GitLab's REST API (v4) on 127.0.0.1: it answers the four GETs the GitLab example's apply job
// makes (a commit's merge requests, a merge request's pipelines, a pipeline's jobs, one file of a job's
// artifacts) from state a test sets up, records every call, and answers 404 to anything else. Like GitLab with
// object storage, an artifact download is a redirect to a second server on another origin ("storage"), so a
// test can check that the token never reaches it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeMergeRequest {
  readonly iid: number;
  readonly state: "opened" | "merged" | "closed";
  /** The head commit. */
  readonly sha: string;
  readonly merge_commit_sha: string | null;
  readonly squash_commit_sha?: string | null;
}

export interface FakePipeline {
  readonly id: number;
  readonly sha: string;
  readonly status: "success" | "failed" | "running";
  /** The pipeline's jobs; `artifact` is the job's plan.json, when it saved one. */
  readonly jobs: { id: number; name: string; status: "success" | "failed"; artifact?: string }[];
}

export interface FakeGitlabState {
  readonly projectId: string;
  /** Merge requests a commit belongs to, by commit id. */
  readonly commitMergeRequests: Record<string, FakeMergeRequest[]>;
  /** Pipelines of a merge request, by iid. */
  readonly pipelines: Record<number, FakePipeline[]>;
}

export interface GitlabCall {
  readonly host: "api" | "storage";
  readonly method: string;
  /** Path and query, under /api/v4 for the API. */
  readonly path: string;
  /** The Authorization header as it arrived (undefined when absent). */
  readonly authorization?: string;
}

export interface FakeGitlab {
  /** What a runner puts in CI_API_V4_URL. */
  readonly apiUrl: string;
  readonly calls: GitlabCall[];
  state: FakeGitlabState;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function fakeGitlab(state: FakeGitlabState, token: string): Promise<FakeGitlab> {
  const calls: GitlabCall[] = [];
  const record = (host: GitlabCall["host"], req: IncomingMessage) =>
    calls.push({
      host,
      method: req.method ?? "",
      path: req.url ?? "",
      ...(req.headers.authorization === undefined ? {} : { authorization: req.headers.authorization }),
    });
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const artifacts = new Map<string, string>();
  const storage = createServer((req, res) => {
    record("storage", req);
    const body = artifacts.get(req.url ?? "");
    if (body === undefined) return json(res, 404, { message: "NoSuchKey" });
    res.writeHead(200, { "content-type": "application/octet-stream" });
    res.end(body);
  });
  const storageUrl = await listen(storage);

  const fake: FakeGitlab = {
    apiUrl: "",
    calls,
    state,
    close: async () => {
      await new Promise((resolve) => api.close(resolve));
      await new Promise((resolve) => storage.close(resolve));
    },
  };
  const api = createServer((req, res) => {
    record("api", req);
    if (req.headers.authorization !== `Bearer ${token}`) return json(res, 401, { message: "401 Unauthorized" });
    const url = new URL(req.url ?? "", "http://gitlab");
    const prefix = `/api/v4/projects/${encodeURIComponent(fake.state.projectId)}`;
    const path = url.pathname.startsWith(prefix) && req.method === "GET" ? url.pathname.slice(prefix.length) : "";
    const pipelines = Object.values(fake.state.pipelines).flat();
    let m: RegExpExecArray | null;
    if ((m = /^\/repository\/commits\/([0-9a-f]+)\/merge_requests$/.exec(path)))
      return json(res, 200, fake.state.commitMergeRequests[m[1]!] ?? []);
    if ((m = /^\/merge_requests\/(\d+)\/pipelines$/.exec(path)))
      // GitLab lists them newest first, without their jobs.
      return json(
        res,
        200,
        (fake.state.pipelines[Number(m[1])] ?? []).map(({ id, sha, status }) => ({ id, sha, status })).reverse(),
      );
    if ((m = /^\/pipelines\/(\d+)\/jobs$/.exec(path))) {
      const pipeline = pipelines.find((p) => p.id === Number(m![1]));
      if (!pipeline) return json(res, 404, { message: "404 Not found" });
      const scopes = url.searchParams.getAll("scope[]");
      return json(
        res,
        200,
        pipeline.jobs
          .filter((j) => scopes.length === 0 || scopes.includes(j.status))
          .map(({ id, name, status }) => ({ id, name, status })),
      );
    }
    if ((m = /^\/jobs\/(\d+)\/artifacts\/plan\.json$/.exec(path))) {
      const job = pipelines.flatMap((p) => p.jobs).find((j) => j.id === Number(m![1]));
      if (job?.artifact === undefined) return json(res, 404, { message: "404 Not Found" });
      const key = `/artifacts/${job.id}/plan.json?signature=presigned`;
      artifacts.set(key, job.artifact);
      res.writeHead(302, { location: storageUrl + key });
      return res.end();
    }
    json(res, 404, { message: "404 Not Found" });
  });
  (fake as { apiUrl: string }).apiUrl = `${await listen(api)}/api/v4`;
  return fake;
}
