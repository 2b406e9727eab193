// Espace Administratif › Demandes en ligne. No inline script (strict Content-Security-Policy):
// - the agency choice applies as soon as it changes (its "Afficher" button stays for keyboards);
// - a dialog htmx puts in the page opens as a modal (focus inside, Escape closes it);
// - "Annuler" closes it.
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-soumettre-au-changement]")) event.target.form.requestSubmit();
});

document.addEventListener("htmx:load", (event) => {
  const racine = event.detail.elt;
  const dialogues = racine.matches("dialog[data-modal]") ? [racine] : racine.querySelectorAll("dialog[data-modal]");
  for (const dialogue of dialogues) {
    if (!dialogue.open) dialogue.showModal();
  }
});

document.addEventListener("click", (event) => {
  const bouton = event.target.closest("[data-fermer-dialogue]");
  if (bouton) bouton.closest("dialog").close();
});
