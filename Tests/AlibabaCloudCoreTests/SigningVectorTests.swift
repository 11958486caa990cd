import AlibabaCloudCore
import Testing

@Suite struct SigningVectorTests {
    @Test func fixtureCoversBothAlgorithmsUnicodeAndSTS() throws {
        let vectors = try SigningFixture.load().vectors
        #expect(vectors.count == 10)
        #expect(vectors.allSatisfy { $0.isV1 || $0.isV3 })
        for isV1 in [true, false] {
            let family = vectors.filter { $0.isV1 == isV1 }
            #expect(family.contains { $0.inputs.security_token != nil })
            #expect(family.contains { $0.name.contains("unicode") })
        }
    }

    @Test(arguments: try SigningFixture.load().vectors)
    func vectorReproducedByteForByte(_ vector: SigningFixture.Vector) throws {
        let inputs = vector.inputs
        let expected = vector.expected
        if vector.isV1 {
            let params = try #require(inputs.params)
            #expect(expected.hmac_key == inputs.access_key_secret + "&")
            // The fixture's params carry SecurityToken exactly when the vector is an STS one.
            #expect(params["SecurityToken"] == inputs.security_token)
            let signature = SignerV1(accessKeySecret: inputs.access_key_secret)
                .sign(method: inputs.method, parameters: params.pairs)
            #expect(signature.canonicalizedQueryString == expected.canonicalized_query_string)
            #expect(signature.stringToSign == expected.string_to_sign)
            #expect(signature.signature == expected.signature)
            #expect(PercentEncoding.encode(signature.signature) == expected.signature_url_encoded)
        } else {
            #expect(vector.isV3)
            let headers = try #require(inputs.headers)
            let query = try #require(inputs.query)
            let hashedPayload = SignerV3.hashedPayload(Array((inputs.body ?? "").utf8))
            #expect(hashedPayload == expected.hashed_payload)
            #expect(headers["x-acs-security-token"] == inputs.security_token)
            let signature = SignerV3(accessKeyId: inputs.access_key_id, accessKeySecret: inputs.access_key_secret)
                .sign(method: inputs.method, path: inputs.path, query: query.pairs, headers: headers.pairs,
                      hashedPayload: hashedPayload)
            #expect(signature.canonicalQueryString == expected.canonical_query_string)
            #expect(signature.canonicalHeaders == expected.canonical_headers)
            #expect(signature.signedHeaders == expected.signed_headers)
            #expect(signature.canonicalRequest == expected.canonical_request)
            #expect(signature.hashedCanonicalRequest == expected.hashed_canonical_request)
            #expect(signature.stringToSign == expected.string_to_sign)
            #expect(signature.signature == expected.signature)
            #expect(signature.authorization == expected.authorization)
        }
    }

    /// The SDK's captured wire requests: every input is in the capture, so
    /// signing it again must give the same Authorization / Signature.
    @Test(arguments: try SigningFixture.load().captures)
    func sdkEndToEndCaptureReproduced(_ named: SigningFixture.NamedCapture) throws {
        let fixed = try SigningFixture.load().fixed_inputs

        let v3 = named.capture.default_config_v3_request
        let authorization = try #require(v3.headers["Authorization"])
        let signedHeaders = v3.headers.pairs.filter { $0.0 != "Authorization" }
        let signature = SignerV3(accessKeyId: fixed.access_key_id, accessKeySecret: fixed.access_key_secret)
            .sign(method: v3.method, path: v3.pathname, query: v3.query.pairs, headers: signedHeaders,
                  hashedPayload: SignerV3.hashedPayload([]))
        #expect(signature.authorization == authorization)

        let v1 = named.capture.signature_algorithm_v2_request
        let expectedSignature = try #require(v1.query["Signature"])
        let v1Signature = SignerV1(accessKeySecret: fixed.access_key_secret)
            .sign(method: v1.method, parameters: v1.query.pairs.filter { $0.0 != "Signature" })
        #expect(v1Signature.signature == expectedSignature)
    }

    @Test func emptyBodyHashIsTheWellKnownSHA256() {
        #expect(SignerV3.hashedPayload([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SignerV3.hashedPayload(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func headerNamesAreLowerCasedSortedAndValuesTrimmed() {
        let signer = SignerV3(accessKeyId: "id", accessKeySecret: "secret")
        let mixed = signer.sign(
            method: "post", path: "/", query: [],
            headers: [("X-Acs-Version", "  2018-12-03\t"), ("Host", "h")], hashedPayload: "p")
        let clean = signer.sign(
            method: "POST", path: "/", query: [],
            headers: [("host", "h"), ("x-acs-version", "2018-12-03")], hashedPayload: "p")
        #expect(mixed == clean)
        #expect(clean.canonicalHeaders == "host:h\nx-acs-version:2018-12-03\n")
        #expect(clean.signedHeaders == "host;x-acs-version")
        #expect(clean.canonicalRequest == "POST\n/\n\nhost:h\nx-acs-version:2018-12-03\n\nhost;x-acs-version\np")
    }

    @Test func descriptionsDoNotLeakSecretsOrSignatures() {
        let signer = SignerV3(accessKeyId: "id", accessKeySecret: "topsecret")
        let signature = signer.sign(method: "POST", path: "/", query: [], headers: [("host", "h")], hashedPayload: "p")
        #expect(!"\(signer)".contains("topsecret"))
        #expect(!"\(signature)".contains(signature.signature))
        let v1 = SignerV1(accessKeySecret: "topsecret")
        #expect(!"\(v1)".contains("topsecret"))
        #expect(!"\(v1.sign(method: "GET", parameters: []))".contains(v1.sign(method: "GET", parameters: []).signature))
    }
}
