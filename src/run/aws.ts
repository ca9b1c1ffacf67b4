// The AWS identity of a run that joins children: role-to-assume (OIDC + STS), the ambient credentials, or
// none (then apply stops after the clusters are active and says how to enable the join).
import { AwsCredentialsError, AwsSession, hasAmbientCredentials } from "../aws/credentials.js";
import { type ModeContext, ModeFailure } from "./context.js";

export const JOIN_DISABLED_NOTICE =
  "No AWS credentials: the children were not joined. Set role-to-assume (and give the job `permissions: id-token: write`), or configure AWS credentials in an earlier step, so that tbot can join each child by IAM.";

/** The run's AWS session, or undefined when there are no credentials at all. Fails before any write. */
export async function openAwsSession(ctx: ModeContext): Promise<AwsSession | undefined> {
  const settings = ctx.config.aws;
  if (!settings.roleToAssume && !hasAmbientCredentials(ctx.env)) return undefined;
  if (!settings.region) {
    throw new ModeFailure(
      'Input "aws-region": required for the IAM join (STS and tbot need a region); set it, or AWS_REGION in the environment',
    );
  }
  const sts = await ctx.openSts({ region: settings.region, env: ctx.env });
  try {
    const session = await AwsSession.open(
      { ...settings, region: settings.region },
      {
        sts,
        getIDToken: ctx.getIDToken,
        mask: ctx.mask,
        env: ctx.env,
        clock: ctx.clock,
        log: (m) => ctx.log.info(m),
        signal: ctx.signal,
      },
    );
    await session.prepare();
    ctx.log.info(
      `Children will be joined as ${session.caller.arn} (${settings.roleToAssume ? `role-to-assume, session ${settings.sessionName}` : "ambient AWS credentials"})`,
    );
    return session;
  } catch (error) {
    if (error instanceof AwsCredentialsError) throw new ModeFailure(error.message);
    throw error;
  }
}
