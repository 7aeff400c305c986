//! `Context`: certificates, keys and verification for TLS streams (Asio's `ssl::context`), and
//! the rustls configurations built from them.

use std::fmt;
use std::io;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{ClientConfig, RootCertStore, ServerConfig};

use super::provider::provider;
use super::verify::{AcceptAnyServer, VerifyMode};

/// What TLS streams made with it present and trust: a certificate chain and its private key
/// (a server's, or a client's for client authentication), the roots that verify the peer,
/// the [`VerifyMode`] and the ALPN protocols (Asio's `ssl::context`; feature `tls`).
///
/// One context serves both roles, as Asio's `ssl::context(tls)` does: the role is chosen by
/// each stream's handshake. The rustls configurations are built on first use and shared by
/// every stream made from the context; a setter called afterwards builds new ones for the
/// streams made after it. `Context` is cheap to clone (an `Arc`).
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe (setters take `&mut self`).
///
/// # Examples
///
/// A server context from PEM text, and a client context that trusts its certificate:
///
/// ```
/// use jeton::ssl::Context;
///
/// let cert = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
/// let mut server = Context::new();
/// server.use_certificate_chain(cert.cert.pem().as_bytes())?;
/// server.use_private_key(cert.signing_key.serialize_pem().as_bytes())?;
///
/// let mut client = Context::new();
/// client.add_certificate_authority(cert.cert.pem().as_bytes())?;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct Context {
    settings: Arc<Settings>,
}

/// A context's settings and the configurations built from them.
struct Settings {
    chain: Vec<CertificateDer<'static>>,
    key: Option<PrivateKeyDer<'static>>,
    roots: RootCertStore,
    verify: VerifyMode,
    alpn: Vec<Vec<u8>>,
    /// Built by the first client handshake; reset by every setter.
    client: OnceLock<Arc<ClientConfig>>,
    /// Built by the first server handshake; reset by every setter.
    server: OnceLock<Arc<ServerConfig>>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            chain: Vec::new(),
            key: None,
            roots: RootCertStore::empty(),
            verify: VerifyMode::default(),
            alpn: Vec::new(),
            client: OnceLock::new(),
            server: OnceLock::new(),
        }
    }
}

impl Clone for Settings {
    /// Copies the settings; the configurations are built again for the copy.
    fn clone(&self) -> Settings {
        Settings {
            chain: self.chain.clone(),
            key: self.key.as_ref().map(PrivateKeyDer::clone_key),
            roots: self.roots.clone(),
            verify: self.verify,
            alpn: self.alpn.clone(),
            client: OnceLock::new(),
            server: OnceLock::new(),
        }
    }
}

/// An error for a malformed or unusable certificate, key or setting.
fn invalid(what: &str, e: impl fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, format!("{what}: {e}"))
}

impl Context {
    /// Creates a context with no certificate, no trusted root, [`VerifyMode::Peer`] and no
    /// ALPN protocol.
    pub fn new() -> Context {
        Context::default()
    }

    /// Changes the settings: the configurations are built again on next use.
    fn settings_mut(&mut self) -> &mut Settings {
        let s = Arc::make_mut(&mut self.settings);
        s.client = OnceLock::new();
        s.server = OnceLock::new();
        s
    }

    /// Sets the certificate chain presented to the peer, from PEM text: the entity's
    /// certificate first, then the intermediates (Asio's `use_certificate_chain`).
    ///
    /// # Errors
    ///
    /// `InvalidInput` if the text holds no certificate or a malformed one.
    pub fn use_certificate_chain(&mut self, pem: &[u8]) -> io::Result<()> {
        let chain = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| invalid("certificate chain", e))?;
        if chain.is_empty() {
            return Err(invalid(
                "certificate chain",
                "no certificate in the PEM text",
            ));
        }
        self.settings_mut().chain = chain;
        Ok(())
    }

    /// Sets the certificate chain from a PEM file (Asio's `use_certificate_chain_file`).
    ///
    /// # Errors
    ///
    /// The file's read error, or as [`use_certificate_chain`](Context::use_certificate_chain).
    pub fn use_certificate_chain_file(&mut self, path: impl AsRef<Path>) -> io::Result<()> {
        self.use_certificate_chain(&std::fs::read(path)?)
    }

    /// Sets the private key of the certificate chain, from PEM text (PKCS #8, PKCS #1 or
    /// SEC1; Asio's `use_private_key`).
    ///
    /// # Errors
    ///
    /// `InvalidInput` if the text holds no key or a malformed one.
    pub fn use_private_key(&mut self, pem: &[u8]) -> io::Result<()> {
        let key = PrivateKeyDer::from_pem_slice(pem).map_err(|e| invalid("private key", e))?;
        self.settings_mut().key = Some(key);
        Ok(())
    }

    /// Sets the private key from a PEM file (Asio's `use_private_key_file`).
    ///
    /// # Errors
    ///
    /// The file's read error, or as [`use_private_key`](Context::use_private_key).
    pub fn use_private_key_file(&mut self, path: impl AsRef<Path>) -> io::Result<()> {
        self.use_private_key(&std::fs::read(path)?)
    }

    /// Trusts the certificates in PEM text as roots for verifying the peer (Asio's
    /// `add_certificate_authority`).
    ///
    /// # Errors
    ///
    /// `InvalidInput` if the text holds no certificate or one that is not a usable root.
    pub fn add_certificate_authority(&mut self, pem: &[u8]) -> io::Result<()> {
        let certs = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| invalid("certificate authority", e))?;
        if certs.is_empty() {
            return Err(invalid(
                "certificate authority",
                "no certificate in the PEM text",
            ));
        }
        let settings = self.settings_mut();
        for cert in certs {
            settings
                .roots
                .add(cert)
                .map_err(|e| invalid("certificate authority", e))?;
        }
        Ok(())
    }

    /// Trusts the certificates of a PEM file as roots (Asio's `load_verify_file`).
    ///
    /// # Errors
    ///
    /// The file's read error, or as
    /// [`add_certificate_authority`](Context::add_certificate_authority).
    pub fn load_verify_file(&mut self, path: impl AsRef<Path>) -> io::Result<()> {
        self.add_certificate_authority(&std::fs::read(path)?)
    }

    /// Trusts the operating system's root certificates (Asio's `set_default_verify_paths`):
    /// on Linux the distribution's bundle, or the files named by `SSL_CERT_FILE` and
    /// `SSL_CERT_DIR`. Returns how many were added.
    ///
    /// # Errors
    ///
    /// `NotFound` if no usable root certificate was found.
    pub fn set_default_verify_paths(&mut self) -> io::Result<usize> {
        let found = rustls_native_certs::load_native_certs();
        let (added, _ignored) = self
            .settings_mut()
            .roots
            .add_parsable_certificates(found.certs);
        if added == 0 {
            let why = found.errors.first().map(ToString::to_string);
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!(
                    "no root certificate found: {}",
                    why.as_deref().unwrap_or("none installed")
                ),
            ));
        }
        Ok(added)
    }

    /// Sets how streams check their peer (Asio's `set_verify_mode`); see [`VerifyMode`].
    pub fn set_verify_mode(&mut self, mode: VerifyMode) {
        self.settings_mut().verify = mode;
    }

    /// Returns the verify mode.
    pub fn verify_mode(&self) -> VerifyMode {
        self.settings.verify
    }

    /// Sets the ALPN protocols offered (a client) or accepted (a server), most preferred
    /// first, e.g. `[b"h2", b"http/1.1"]`.
    pub fn set_alpn_protocols(&mut self, protocols: &[&[u8]]) {
        self.settings_mut().alpn = protocols.iter().map(|p| p.to_vec()).collect();
    }

    /// Returns the configuration of client streams, built on first use.
    pub(super) fn client_config(&self) -> io::Result<Arc<ClientConfig>> {
        if let Some(config) = self.settings.client.get() {
            return Ok(config.clone());
        }
        let config = Arc::new(self.settings.build_client()?);
        Ok(self.settings.client.get_or_init(|| config).clone())
    }

    /// Returns the configuration of server streams, built on first use.
    pub(super) fn server_config(&self) -> io::Result<Arc<ServerConfig>> {
        if let Some(config) = self.settings.server.get() {
            return Ok(config.clone());
        }
        let config = Arc::new(self.settings.build_server()?);
        Ok(self.settings.server.get_or_init(|| config).clone())
    }
}

impl Settings {
    /// Returns the chain and key, for a server or a client that authenticates.
    fn identity(&self) -> Option<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)> {
        let key = self.key.as_ref()?;
        (!self.chain.is_empty()).then(|| (self.chain.clone(), key.clone_key()))
    }

    fn build_client(&self) -> io::Result<ClientConfig> {
        let provider = provider();
        let builder = ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| invalid("TLS client", e))?;
        let builder = match self.verify {
            VerifyMode::InsecureNone => builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(AcceptAnyServer(provider))),
            _ => builder.with_root_certificates(self.roots.clone()),
        };
        let mut config = match self.identity() {
            Some((chain, key)) => builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| invalid("client certificate", e))?,
            None => builder.with_no_client_auth(),
        };
        config.alpn_protocols = self.alpn.clone();
        Ok(config)
    }

    fn build_server(&self) -> io::Result<ServerConfig> {
        let provider = provider();
        let builder = ServerConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| invalid("TLS server", e))?;
        let builder = match self.verify {
            VerifyMode::RequirePeerCertificate => {
                let verifier = WebPkiClientVerifier::builder_with_provider(
                    Arc::new(self.roots.clone()),
                    provider,
                )
                .build()
                .map_err(|e| invalid("client verification", e))?;
                builder.with_client_cert_verifier(verifier)
            }
            _ => builder.with_no_client_auth(),
        };
        let (chain, key) = self.identity().ok_or_else(|| {
            invalid(
                "TLS server",
                "the context has no certificate chain and private key",
            )
        })?;
        let mut config = builder
            .with_single_cert(chain, key)
            .map_err(|e| invalid("server certificate", e))?;
        config.alpn_protocols = self.alpn.clone();
        Ok(config)
    }
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.settings;
        f.debug_struct("Context")
            .field("chain", &s.chain.len())
            .field("key", &s.key.is_some())
            .field("roots", &s.roots.len())
            .field("verify", &s.verify)
            .field("alpn", &s.alpn)
            .finish()
    }
}
