//! The browser entry point: mounts [`danvan_public_web::App`] on `<body>`.

fn main() {
    yew::Renderer::<danvan_public_web::App>::new().render();
}
