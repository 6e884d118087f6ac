/**
 * Manifests a learner applies to watch the control plane build the network: the course notes'
 * nginx Deployment (three nginx 1.15 pods labelled app: nginx-pod) and the Service in front of it.
 */
export const SAMPLE_MANIFESTS: Readonly<Record<string, { readonly label: string; readonly text: string }>> = {
  'nginx-deployment': {
    label: 'Deployment nginx-deployment (3 × nginx:1.15) + Service nginx-service',
    text: `apiVersion: apps/v1
kind: Deployment
metadata: { name: nginx-deployment, namespace: default, labels: { app: nginx } }
spec:
  replicas: 3
  selector: { matchLabels: { app: nginx-pod } }
  template:
    metadata: { labels: { app: nginx-pod } }
    spec:
      containers: [{ name: nginx-container, image: "nginx:1.15", ports: [{ containerPort: 80 }] }]
---
apiVersion: v1
kind: Service
metadata: { name: nginx-service, namespace: default }
spec:
  selector: { app: nginx-pod }
  ports: [{ name: http, port: 80, targetPort: 80 }]
`,
  },
}
