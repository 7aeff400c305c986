//! `VerifyMode`: how a TLS stream checks its peer; and the verifier that checks nothing, for
//! [`VerifyMode::InsecureNone`] only.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

/// How a TLS stream checks its peer's certificate (Asio's `ssl::verify_mode`), set with
/// [`Context::set_verify_mode`](super::Context::set_verify_mode) (feature `tls`).
///
/// Unlike OpenSSL's (and so Asio's) default, `verify_none`, jeton's default verifies the
/// server: a client must opt out, by a name that says what it costs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum VerifyMode {
    /// The default. A client verifies the server's certificate chain against the context's
    /// trusted roots and its name against the stream's host name (Asio's `verify_peer` with
    /// `host_name_verification`); a server asks for no client certificate.
    #[default]
    Peer,
    /// As [`Peer`](VerifyMode::Peer), and a server requires a client certificate that chains
    /// to the context's trusted roots (Asio's `verify_peer | verify_fail_if_no_peer_cert`).
    RequirePeerCertificate,
    /// No verification at all: a client accepts any certificate for any name, so anyone on
    /// the path can impersonate the server. For tests against self-signed servers only; a
    /// server asks for no client certificate (Asio's `verify_none`).
    InsecureNone,
}

/// Accepts every server certificate, still checking that the handshake's signatures are
/// valid for the certificate presented. Used for [`VerifyMode::InsecureNone`] only.
#[derive(Debug)]
pub(super) struct AcceptAnyServer(pub(super) Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAnyServer {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
