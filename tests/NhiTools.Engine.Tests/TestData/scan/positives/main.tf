provider "azuread" {
  client_id     = "0d3f9c4e-6b1a-4c2e-9f57-8a1b2c3d4e5f"
  client_secret = "@@ENTRA_SECRET@@"
}
