// "Même adresse que l'élève": copies the student's address into a legal representative's fields.
document.addEventListener("click", (event) => {
  const bouton = event.target.closest("[data-copier-adresse]");
  if (!bouton) return;
  const prefixe = bouton.dataset.copierAdresse;
  for (const champ of ["numero_voie", "extension_voie", "type_voie", "nom_voie", "complement", "code_postal", "ville", "pays"]) {
    const source = document.getElementById(`id_${champ}`);
    const cible = document.getElementById(`id_${prefixe}-${champ}`);
    if (source && cible) cible.value = source.value;
  }
});

// The check dialog: "Fermer" and Échap remove it; without JavaScript the link goes back to the dossier.
function fermerDialogue(dialogue) {
  if (dialogue) dialogue.remove();
}

document.addEventListener("click", (event) => {
  const lien = event.target.closest("[data-fermer-dialogue]");
  if (!lien) return;
  event.preventDefault();
  fermerDialogue(lien.closest("dialog"));
});

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") fermerDialogue(document.querySelector("dialog.dialogue-verification"));
});

// City typeahead: an input with data-communes (the URL of eleves:communes) fills its <datalist> with
// the referential's communes for what is typed, narrowed by the postal code or the department field
// it names (data-communes-code-postal, data-communes-departement). Typing a postal code (a field with
// data-communes-ville) offers its communes. Choosing a city sets its department, and its postal
// code when the one typed is not the city's: city, postal code and department are one fact.
const ATTENTE_MS = 250;
const minuteries = new WeakMap();

function champ(id) {
  return id ? document.getElementById(id) : null;
}

async function proposerCommunes(ville, parametres) {
  const liste = ville.list;
  if (!liste) return;
  const reponse = await fetch(`${ville.dataset.communes}?${new URLSearchParams(parametres)}`, {
    credentials: "same-origin",
    headers: { Accept: "text/html" },
  });
  if (reponse.ok) liste.innerHTML = await reponse.text();
}

function parametresVille(ville) {
  const parametres = { q: ville.value };
  const codePostal = champ(ville.dataset.communesCodePostal);
  const departement = champ(ville.dataset.communesDepartement);
  if (codePostal && /^[0-9]{5}$/.test(codePostal.value.trim())) parametres.code_postal = codePostal.value.trim();
  if (departement && departement.value.trim()) parametres.departement = departement.value.trim();
  return parametres;
}

function plusTard(element, action) {
  clearTimeout(minuteries.get(element));
  minuteries.set(element, setTimeout(action, ATTENTE_MS));
}

function optionChoisie(ville) {
  if (!ville.list) return null;
  return Array.from(ville.list.options).find((option) => option.value === ville.value) || null;
}

function appliquerCommune(ville) {
  const option = optionChoisie(ville);
  if (!option) return;
  const departement = champ(ville.dataset.communesDepartement);
  if (departement && option.dataset.departement) departement.value = option.dataset.departement;
  const codePostal = champ(ville.dataset.communesCodePostal);
  const codes = (option.dataset.codesPostaux || "").split(" ").filter(Boolean);
  if (codePostal && codes.length && !codes.includes(codePostal.value.trim())) codePostal.value = codes[0];
}

document.addEventListener("input", (event) => {
  const element = event.target;
  if (element.dataset.communes !== undefined) {
    if (optionChoisie(element)) {
      appliquerCommune(element);
    } else if (element.value.trim().length >= 2) {
      plusTard(element, () => proposerCommunes(element, parametresVille(element)));
    }
    return;
  }
  const ville = champ(element.dataset.communesVille);
  if (ville && /^[0-9]{5}$/.test(element.value.trim())) {
    plusTard(element, async () => {
      await proposerCommunes(ville, { code_postal: element.value.trim() });
      const options = ville.list ? ville.list.options : [];
      if (options.length === 1 && !ville.value.trim()) ville.value = options[0].value;
    });
  }
});

document.addEventListener("change", (event) => {
  if (event.target.dataset.communes !== undefined) appliquerCommune(event.target);
});

// The student search: ↓ and ↑ move through the suggestions, Entrée opens the one chosen, Échap closes
// the list (the text typed stays). The input is a combobox whose aria-activedescendant follows.
function suggestionsDe(champ) {
  return Array.from(document.querySelectorAll(`#${champ.dataset.suggestions} [role=option]`));
}

function choisirSuggestion(champ, options, index) {
  options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
  if (index >= 0) {
    champ.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  } else {
    champ.removeAttribute("aria-activedescendant");
  }
}

document.addEventListener("keydown", (event) => {
  const champ = event.target;
  if (!champ.dataset || champ.dataset.suggestions === undefined) return;
  const options = suggestionsDe(champ);
  const actuelle = options.findIndex((option) => option.getAttribute("aria-selected") === "true");
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    if (!options.length) return;
    event.preventDefault();
    const pas = event.key === "ArrowDown" ? 1 : -1;
    choisirSuggestion(champ, options, (actuelle + pas + options.length) % options.length);
  } else if (event.key === "Enter" && actuelle >= 0) {
    event.preventDefault();
    window.location.assign(options[actuelle].querySelector("a").href);
  } else if (event.key === "Escape") {
    event.preventDefault();
    document.getElementById(champ.dataset.suggestions).replaceChildren();
    champ.setAttribute("aria-expanded", "false");
    champ.removeAttribute("aria-activedescendant");
  }
});

document.addEventListener("htmx:afterSwap", (event) => {
  const champ = document.querySelector(`[data-suggestions="${event.detail.target.id}"]`);
  if (!champ) return;
  champ.setAttribute("aria-expanded", String(suggestionsDe(champ).length > 0));
  champ.removeAttribute("aria-activedescendant");
});
