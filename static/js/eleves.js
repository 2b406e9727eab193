// "Même adresse que l'élève": copies the student's address into a legal representative's fields.
document.addEventListener("click", (event) => {
  const bouton = event.target.closest("[data-copier-adresse]");
  if (!bouton) return;
  const prefixe = bouton.dataset.copierAdresse;
  for (const champ of ["numero_voie", "extension_voie", "type_voie", "nom_voie", "complement", "code_postal", "ville"]) {
    const source = document.getElementById(`id_${champ}`);
    const cible = document.getElementById(`id_${prefixe}-${champ}`);
    if (source && cible) cible.value = source.value;
  }
});

// "Fermer" in the check dialog: removes the dialog; without JavaScript the link goes back to the dossier.
document.addEventListener("click", (event) => {
  const lien = event.target.closest("[data-fermer-dialogue]");
  if (!lien) return;
  event.preventDefault();
  lien.closest("dialog").remove();
});
