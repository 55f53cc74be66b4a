// The parts of three.js the flight viewer uses; esbuild bundles them (and
// only them) into one classic script, ../three.min.js, which the page
// inlines so that it needs no network. Rebuild with `make viewer`.
export {
  BoxGeometry, BufferGeometry, Color, CylinderGeometry, DirectionalLight, Float32BufferAttribute,
  GridHelper, Group, HemisphereLight, Line, LineBasicMaterial, Mesh, MeshBasicMaterial,
  MeshStandardMaterial, PerspectiveCamera, Scene, SphereGeometry, Vector3, WebGLRenderer,
} from 'three';
export { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
