export const id = 447;
export const ids = [447];
export const modules = {

/***/ 1447:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   sdkSts: () => (/* binding */ sdkSts)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9999);
/* harmony import */ var _smithy_node_http_handler__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3343);
// StsPort through the AWS SDK's STS client (the one configure-aws-credentials uses), loaded only by the modes
// that join. One attempt per call (retries are the caller's, with its classifier), a per-attempt timeout,
// the regional endpoint for the region, and AWS_ENDPOINT_URL_STS when the environment sets one (a proxy
// endpoint, or a test's STS). The environment is passed in, never read from process.env here.


function sdkSts(options) {
    const config = (credentials) => ({
        region: options.region,
        maxAttempts: 1,
        ...(options.env.AWS_ENDPOINT_URL_STS ? { endpoint: options.env.AWS_ENDPOINT_URL_STS } : {}),
        requestHandler: new _smithy_node_http_handler__WEBPACK_IMPORTED_MODULE_0__.NodeHttpHandler({
            connectionTimeout: 5000,
            requestTimeout: options.requestTimeoutMs ?? 15_000,
        }),
        ...(credentials ? { credentials } : {}),
    });
    return {
        async assumeRoleWithWebIdentity(input, signal) {
            const client = new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_1__/* .STSClient */ .iM(config());
            try {
                const out = await client.send(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_1__/* .AssumeRoleWithWebIdentityCommand */ .WH({
                    RoleArn: input.roleArn,
                    RoleSessionName: input.sessionName,
                    DurationSeconds: input.durationSeconds,
                    WebIdentityToken: input.webIdentityToken,
                }), signal ? { abortSignal: signal } : {});
                const c = out.Credentials;
                if (!c?.AccessKeyId || !c.SecretAccessKey)
                    throw new Error("STS answered without credentials");
                const credentials = {
                    accessKeyId: c.AccessKeyId,
                    secretAccessKey: c.SecretAccessKey,
                    ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
                    ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}),
                };
                const arn = out.AssumedRoleUser?.Arn;
                const caller = arn ? { account: arn.split(":")[4] ?? "", arn } : undefined;
                return { credentials, ...(caller ? { caller } : {}) };
            }
            finally {
                client.destroy();
            }
        },
        async getCallerIdentity(credentials, signal) {
            const client = new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_1__/* .STSClient */ .iM(config(credentials));
            try {
                const out = await client.send(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_1__/* .GetCallerIdentityCommand */ .zI({}), signal ? { abortSignal: signal } : {});
                if (!out.Account || !out.Arn)
                    throw new Error("STS GetCallerIdentity answered without Account or Arn");
                return { account: out.Account, arn: out.Arn };
            }
            finally {
                client.destroy();
            }
        },
    };
}


/***/ })

};
