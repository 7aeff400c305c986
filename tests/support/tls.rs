//! Test certificates, made with rcgen at test time: a CA and a `localhost` / `127.0.0.1`
//! server certificate it signs, as PEM text and as files (for `openssl`), and the jeton TLS
//! contexts that use them.
//!
//! Included by path (`#[path = "support/tls.rs"] mod tls;`) by the TLS tests.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use jeton::ssl;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};

/// A CA and a server certificate signed by it, in PEM, in a folder of their own (removed on
/// drop): `ca.pem`, `server.pem` (the chain: leaf then CA), `server.key`.
pub struct TestPki {
    pub ca_pem: String,
    pub server_chain_pem: String,
    pub server_key_pem: String,
    pub dir: PathBuf,
}

impl TestPki {
    /// Makes the certificates and writes them to a new folder under the system's temp dir.
    pub fn new() -> TestPki {
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "jeton test CA");
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();

        let mut params =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        let key = KeyPair::generate().unwrap();
        let leaf = params.signed_by(&key, &ca).unwrap();

        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "jeton-tls-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let pki = TestPki {
            ca_pem: ca.pem(),
            server_chain_pem: format!("{}{}", leaf.pem(), ca.pem()),
            server_key_pem: key.serialize_pem(),
            dir,
        };
        std::fs::write(pki.path("ca.pem"), &pki.ca_pem).unwrap();
        std::fs::write(pki.path("server.pem"), &pki.server_chain_pem).unwrap();
        std::fs::write(pki.path("server.key"), &pki.server_key_pem).unwrap();
        pki
    }

    /// Returns the path of one of the files.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// A server context presenting the server certificate.
    pub fn server_context(&self) -> ssl::Context {
        let mut ctx = ssl::Context::new();
        ctx.use_certificate_chain(self.server_chain_pem.as_bytes())
            .unwrap();
        ctx.use_private_key(self.server_key_pem.as_bytes()).unwrap();
        ctx
    }

    /// A client context that trusts the CA.
    pub fn client_context(&self) -> ssl::Context {
        let mut ctx = ssl::Context::new();
        ctx.add_certificate_authority(self.ca_pem.as_bytes())
            .unwrap();
        ctx
    }
}

impl Drop for TestPki {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
